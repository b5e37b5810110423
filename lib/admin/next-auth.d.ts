import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    /** The admin_sessions row this cookie names; the admin is loaded from it per request. */
    sessionId: string | null;
  }
  interface User {
    sessionId?: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    adminId?: string;
    sessionId?: string;
  }
}
