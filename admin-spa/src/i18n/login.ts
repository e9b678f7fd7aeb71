import { addMessages } from '../i18n';

addMessages(
  {
    'login.title': '登录 Grok2Api 管理',
    'login.key': '管理密钥（app_key）',
    'login.submit': '登录',
    'login.wrong': '密钥不正确。',
    'login.throttled': '尝试次数过多，请稍后再试。',
    'newkey.title': '请先设置新的管理密钥',
    'newkey.explain': '当前仍在使用公开的默认密钥 grok2api。保存新密钥后，所有旧会话都会失效。',
    'newkey.key': '新密钥',
    'newkey.again': '再次输入新密钥',
    'newkey.generate': '随机生成',
    'newkey.submit': '保存并继续',
    'newkey.mismatch': '两次输入的密钥不一致。',
  },
  {
    'login.title': 'Sign in to Grok2Api admin',
    'login.key': 'Admin key (app_key)',
    'login.submit': 'Sign in',
    'login.wrong': 'Wrong key.',
    'login.throttled': 'Too many attempts. Try again later.',
    'newkey.title': 'Choose a new admin key first',
    'newkey.explain': 'The service still uses the public default key grok2api. Saving a new key ends every existing session.',
    'newkey.key': 'New key',
    'newkey.again': 'New key again',
    'newkey.generate': 'Generate',
    'newkey.submit': 'Save and continue',
    'newkey.mismatch': 'The two keys differ.',
  },
);
