import { t } from '../i18n';

/** The config page (being built). */
export function Config() {
  return (
    <section>
      <h1>{t('nav.config')}</h1>
    </section>
  );
}
