import { api, ApiError } from '../api';
import { t } from '../i18n';
import '../i18n/login';
import { KeyLoginForm } from '../ui/KeyLoginForm';

/** Asks for the admin key and starts a cookie session; the key is not kept in the browser. */
export function Login(props: { onLoggedIn: () => void }) {
  return (
    <KeyLoginForm
      prefix="login"
      title={t('login.title')}
      keyLabel={t('login.key')}
      submitLabel={t('login.submit')}
      send={(key) => api('POST', '/v1/admin/login', { app_key: key })}
      explain={(e) => {
        const failure = e as ApiError;
        return failure.status === 401 ? t('login.wrong') : failure.status === 429 ? t('login.throttled') : failure.message;
      }}
      onLoggedIn={props.onLoggedIn}
    />
  );
}
