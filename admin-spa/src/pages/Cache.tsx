import { t } from '../i18n';

/** The cache page (being built). */
export function Cache() {
  return (
    <section>
      <h1>{t('nav.cache')}</h1>
    </section>
  );
}
