// Start GOV.UK Frontend's components (accordions, buttons, menus...) on every page.
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
