import { t, useLang } from '../i18n';
import '../i18n/cache';
import { LocalMedia } from './cache/LocalMedia';
import { OnlineAssets } from './cache/OnlineAssets';

/** The cache page: the local media cache, then the online assets of each account. */
export function Cache() {
  useLang();
  return (
    <section class="cache-page">
      <h1>{t('cache.title')}</h1>
      <LocalMedia />
      <OnlineAssets />
    </section>
  );
}
