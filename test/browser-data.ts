/** The 3-D Secure browser facts a phone's page sends with Pay (no imports: safe to load before the app's modules). */
export const PHONE_BROWSER = { screenWidth: 390, screenHeight: 844, colorDepth: 24, timezoneOffset: 0, language: "en", javaEnabled: false, javascriptEnabled: true, challengeWindow: 5 } as const;
