import Link from "next/link";

export default function Home() {
  return (
    <main className="mx-auto max-w-xl p-6">
      <h1 className="text-2xl font-semibold">Hosted checkout</h1>
      <ul className="mt-4 list-disc space-y-1 pl-6">
        <li>
          <Link className="text-brand underline" href="/demo">
            Demo shop
          </Link>
        </li>
        <li>
          <Link className="text-brand underline" href="/admin">
            Admin
          </Link>
        </li>
        <li>
          <Link className="text-brand underline" href="/api/health">
            Health
          </Link>
        </li>
      </ul>
    </main>
  );
}
