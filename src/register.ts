import { CityLoginField } from './login/field.js';
import { CityLogin } from './login/login.js';

/** Registers `<city-login>` (and its internal field element). Safe to call more than once. */
export function defineCityLogin(registry: CustomElementRegistry = customElements): void {
  if (!registry.get('city-login-field')) registry.define('city-login-field', CityLoginField);
  if (!registry.get('city-login')) registry.define('city-login', CityLogin);
}

declare global {
  interface HTMLElementTagNameMap {
    'city-login': CityLogin;
    'city-login-field': CityLoginField;
  }
}
