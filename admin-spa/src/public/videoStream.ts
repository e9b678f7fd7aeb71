// Reading the video stream: OpenAI chat.completion chunks whose reasoning text tells the progress
// (with thinking on) and whose final content links the video (markdown, HTML or a bare URL).

/** The last percentage in the progress text ("生成进度 42%", "progress: 42 %"), or null when it names none. */
export function percentOf(reasoning: string): number | null {
  const matches = [...reasoning.matchAll(/(\d{1,3}(?:\.\d+)?)\s*[%％]/g)];
  if (!matches.length) {
    return null;
  }
  const value = Number(matches[matches.length - 1][1]);
  return Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : null;
}

function decode(value: string): string {
  return value.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
}

/** The video URL in the answer's content: a `<source>`/`<video>` src, a markdown link, or a bare URL. */
export function videoUrlOf(content: string): string | null {
  const patterns = [
    /<source[^>]*\ssrc=["']([^"']+)["']/i,
    /<video[^>]*\ssrc=["']([^"']+)["']/i,
    /\]\(([^)\s]+)\)/,
    /(https?:\/\/[^\s"'<>)]+\/v1\/files\/video\/[^\s"'<>)]+)/,
    /(\/v1\/files\/video\/[^\s"'<>)]+)/,
    /(https?:\/\/[^\s"'<>)]+\.mp4[^\s"'<>)]*)/i,
  ];
  for (const pattern of patterns) {
    const match = content.match(pattern);
    if (match) {
      return decode(match[1]);
    }
  }
  return null;
}

/** The poster image in the answer's content (`<video poster="…">`), if any. */
export function posterOf(content: string): string | null {
  const match = content.match(/<video[^>]*\sposter=["']([^"']+)["']/i);
  return match ? decode(match[1]) : null;
}

/**
 * The answer's content split into the thinking it carries in `<think>…</think>` (when the service
 * writes reasoning as think tags, `app.reasoning_format`) and the rest, where the video link is.
 */
export function splitThink(content: string): { thought: string; rest: string } {
  let thought = '';
  const rest = content.replace(/<think>([\s\S]*?)(?:<\/think>|$)/g, (_, inner: string) => {
    thought += inner;
    return '';
  });
  return { thought, rest };
}
