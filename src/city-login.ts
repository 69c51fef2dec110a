/**
 * The self-contained bundle (`dist/city-login.js`): Lit included, Finnish built in,
 * Swedish and English loaded on demand. Nothing else on a plain page uses
 * @lit/localize, so it configures it, then defines `<city-login>`.
 */
import { configureCityLoginLocalization } from './localization.js';
import { defineCityLogin } from './register.js';

configureCityLoginLocalization();
defineCityLogin();

export * from './index.js';
export { configureCityLoginLocalization, useLocalization } from './localization.js';
