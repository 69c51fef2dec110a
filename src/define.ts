/** Registers `<city-login>` on import (the package's only side effect). */
import { defineCityLogin } from './register.js';

defineCityLogin();

export { defineCityLogin };
