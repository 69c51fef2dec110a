import type { CityLoginField } from './login/field.js';
import { CityLogin } from './login/login.js';

/**
 * Registers `<city-login>`. Safe to call more than once. The form's internal field element
 * (`<city-login-field>`) is defined in the same registry when the form's module loads.
 */
export function defineCityLogin(registry: CustomElementRegistry = customElements): void {
  CityLogin.registry = registry;
  if (!registry.get('city-login')) registry.define('city-login', CityLogin);
}

declare global {
  interface HTMLElementTagNameMap {
    'city-login': CityLogin;
    'city-login-field': CityLoginField;
  }
}
