// Each provider adds its registerConnector(...) line here.
import { registerConnector } from "./registry";

registerConnector("onramp", async () => (await import("./onramp/connector")).onrampConnector);
registerConnector("onramp_invoice", async () => (await import("./onramp-invoice/connector")).onrampInvoiceConnector);
registerConnector("paysecure", async () => (await import("./paysecure/connector")).paysecureConnector);
registerConnector("fenige", async () => (await import("./fenige/connector")).fenigeConnector);
