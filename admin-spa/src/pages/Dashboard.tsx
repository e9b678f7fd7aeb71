import { t } from '../i18n';

/** The dashboard page (being built). */
export function Dashboard() {
  return (
    <section>
      <h1>{t('nav.dashboard')}</h1>
    </section>
  );
}
