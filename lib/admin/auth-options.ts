import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { env } from "@/lib/env";
import { clientAddress } from "@/lib/http/client-address";
import { authenticateAdmin } from "./authenticate";
import { endAdminSession, SESSION_MAX_AGE_SECONDS, startAdminSession } from "./sessions";

// The session cookie is a signed JWT (next-auth's credentials provider allows nothing
// else) that names a row in admin_sessions. requireAdmin() loads that row on every request,
// so sign-out, a role change or a removed admin ends the session on the server at once;
// the cookie alone opens nothing.

const Credentials = z.object({ email: z.email().max(320), password: z.string().min(1).max(1024) });

/** Error codes the sign-in page turns into messages (next-auth passes the thrown message on). */
export const SIGN_IN_ERRORS = { invalid: "invalid_credentials", rateLimited: "rate_limited" } as const;

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: 15 * 60 },
  jwt: { maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/admin/login", error: "/admin/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const parsed = Credentials.safeParse(credentials);
        if (!parsed.success) throw new Error(SIGN_IN_ERRORS.invalid);
        const result = await authenticateAdmin({ ...parsed.data, ip: clientAddress(req.headers) });
        if (!result.ok) throw new Error(result.error.code === "rate_limited" ? SIGN_IN_ERRORS.rateLimited : SIGN_IN_ERRORS.invalid);
        const sessionId = await startAdminSession(result.value);
        return { id: result.value.id, email: result.value.email, name: result.value.name, sessionId };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.adminId = user.id;
        token.sessionId = user.sessionId;
      }
      return token;
    },
    // next-auth's default throws on a callbackUrl that is not a URL (a 500 for one posted
    // form field); same-origin URLs and paths are kept, anything else goes to the base.
    redirect({ url, baseUrl }) {
      if (url.startsWith("/") && !url.startsWith("//")) return `${baseUrl}${url}`;
      return URL.canParse(url) && new URL(url).origin === new URL(baseUrl).origin ? url : baseUrl;
    },
    session({ session, token }) {
      return { ...session, sessionId: typeof token.sessionId === "string" ? token.sessionId : null };
    },
  },
  events: {
    async signOut({ token }) {
      if (typeof token?.sessionId === "string") await endAdminSession(token.sessionId);
    },
  },
};
