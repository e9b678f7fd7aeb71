namespace Grok2Api.Transforms.Grok.Imagine;

/// <summary>What one Imagine message is.</summary>
public enum ImagineFrameKind
{
    /// <summary>Anything else (unknown types, malformed JSON, binary frames): ignored.</summary>
    Other,

    /// <summary><c>{"type":"image","url","blob"}</c>: one stage of one image.</summary>
    Image,

    /// <summary><c>{"type":"error","err_code","err_msg"}</c>: terminal.</summary>
    Error,

    /// <summary><c>{"type":"json",...}</c>: a status message (<c>current_status</c>, <c>moderated</c>).</summary>
    Status,
}
