import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    adminId: string | null;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    adminId?: string;
  }
}
