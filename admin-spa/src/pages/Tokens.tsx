import { t } from '../i18n';

/** The tokens page (being built). */
export function Tokens() {
  return (
    <section>
      <h1>{t('nav.tokens')}</h1>
    </section>
  );
}
