/** The npm entry: classes and types only. Importing it defines nothing; import `city-login/define.js` for that. */
export { CityLogin } from './login/login.js';
export { defineCityLogin } from './register.js';
export { LANGUAGE_CODES, LANGUAGE_NAMES, SUPPORTED_LOCALES, type SupportedLocale } from './login/login.types.js';
export {
  AUTH_ERROR_CODES,
  AuthError,
  type AuthClient,
  type AuthErrorCode,
  type Credentials,
  type IdentifyResult,
  type User,
} from './auth/auth-client.js';
export { HttpAuthClient, DEFAULT_TIMEOUT_MS, type HttpAuthClientOptions } from './auth/http-auth-client.js';
export * from './events.js';
