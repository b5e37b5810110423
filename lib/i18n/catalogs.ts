import de from "@/messages/de.json";
import en from "@/messages/en.json";
import es from "@/messages/es.json";
import fr from "@/messages/fr.json";
import pl from "@/messages/pl.json";
import type { Locale } from "./locales";

// The shared catalogs, one per locale. English is the reference: the others are checked
// against its keys (catalogs.test.ts) so a missing translation fails the suite.
export type Messages = typeof en;
export const CATALOGS: Record<Locale, Messages> = { en, pl, de, es, fr };
