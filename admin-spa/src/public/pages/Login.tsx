import { t } from '../../i18n';
import { KeyLoginForm } from '../../ui/KeyLoginForm';
import { call, PublicError } from '../api';

/** Asks for the public key and starts a cookie session; the key is sent once and kept nowhere in the browser. */
export function PublicLogin(props: { onLoggedIn: () => void }) {
  return (
    <KeyLoginForm
      prefix="pub-login"
      title={t('pub.login.title')}
      hint={t('pub.login.hint')}
      keyLabel={t('pub.login.key')}
      submitLabel={t('pub.login.submit')}
      send={(key) => call('POST', '/v1/public/login', { key }, { quiet401: true })}
      explain={(e) => {
        const failure = e as PublicError;
        return failure.status === 401
          ? t('pub.login.wrong')
          : failure.status === 429
            ? t('pub.login.throttled', { seconds: failure.retryAfter ?? 60 })
            : failure.status === 404
              ? t('pub.login.disabled')
              : failure.message;
      }}
      onLoggedIn={props.onLoggedIn}
    />
  );
}
