import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { currentLang, setLang, t } from '../i18n';

/** A page of an app's main navigation: its route, its i18n key and the link's data-testid. */
export interface NavPage<R extends string> {
  route: R;
  key: string;
  testId: string;
}

/**
 * Keeps the document's title on the app's title, led by the page's name while `named` (signed in, on
 * one of `pages`): "Tokens · Grok2Api admin". `appTitle` comes translated.
 */
export function usePageTitle<R extends string>(pages: readonly NavPage<R>[], route: R, named: boolean, appTitle: string): void {
  useEffect(() => {
    const page = pages.find((item) => item.route === route);
    document.title = named && page ? `${t(page.key)} · ${appTitle}` : appTitle;
  });
}

/** The button that switches the language between Chinese and English; `text` and `label` are already translated. */
export function LangButton(props: { text: string; label: string }) {
  const lang = currentLang();
  return (
    <button type="button" class="ghost" data-testid="lang-switch" aria-label={props.label} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
      {props.text}
    </button>
  );
}

/** The language button alone at the top right, for the pages shown before the shell (login and the like). */
export function LanguageBar(props: { text: string; label: string }) {
  return (
    <div class="langbar">
      <LangButton text={props.text} label={props.label} />
    </div>
  );
}

/**
 * The frame of an app (the admin app and the public pages share it): the skip link, the header with
 * the brand, an optional badge, the navigation between `pages` and the top actions, then the page in
 * `<main>`. A plain click on a link moves within the app; with Ctrl, Meta or Shift the browser opens it.
 */
export function AppShell<R extends string>(props: {
  route: R;
  pages: readonly NavPage<R>[];
  hrefOf: (route: R) => string;
  navigate: (route: R) => void;
  navLabel: string;
  skipLabel: string;
  skipTestId?: string;
  badge?: ComponentChildren;
  actions: ComponentChildren;
  children: ComponentChildren;
}) {
  const main = useRef<HTMLElement>(null);
  const shownRoute = useRef(props.route);
  useEffect(() => {
    // After moving to another page, focus goes to its content (as after a page load), so keyboard
    // and screen reader users start there instead of on the link they used.
    if (shownRoute.current !== props.route) {
      shownRoute.current = props.route;
      main.current?.focus();
    }
  }, [props.route]);

  return (
    <>
      <a
        class="skip"
        href="#main"
        data-testid={props.skipTestId}
        onClick={(event) => {
          event.preventDefault();
          main.current?.focus();
        }}
      >
        {props.skipLabel}
      </a>
      <header class="top">
        <span class="brand">Grok2Api</span>
        {props.badge}
        <nav aria-label={props.navLabel}>
          {props.pages.map((page) => (
            <a
              key={page.route}
              href={props.hrefOf(page.route)}
              data-testid={page.testId}
              aria-current={props.route === page.route ? 'page' : undefined}
              onClick={(event) => {
                if (!event.ctrlKey && !event.metaKey && !event.shiftKey) {
                  event.preventDefault();
                  props.navigate(page.route);
                }
              }}
            >
              {t(page.key)}
            </a>
          ))}
        </nav>
        <div class="top-actions">{props.actions}</div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {props.children}
      </main>
    </>
  );
}
