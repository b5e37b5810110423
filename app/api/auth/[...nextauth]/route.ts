import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/admin/auth-options";
import { checkedFormRequest, errorResponse, handler } from "@/lib/http/respond";
import { BODY_LIMITS } from "@/lib/http/request-body";

const auth = NextAuth(authOptions);

export const GET = auth;

// Sign-in and sign-out posts are a few hundred bytes of form fields; next-auth would read
// any size, and answers 500 to a JSON body it cannot parse or whose fields are not strings.
export const POST = handler("POST /api/auth", async (request: NextRequest, context: { params: Promise<{ nextauth: string[] }> }) => {
  const limited = await checkedFormRequest(request, BODY_LIMITS.signIn);
  if (!limited.ok) return errorResponse(limited.error);
  return auth(limited.value, context);
});
