import Link from "next/link";

export default function NotFound() {
  return (
    <div className="px-8 py-16 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="mt-2 text-sm text-slate-600">The address may be mistyped, or what it pointed to was removed.</p>
      <Link href="/" className="mt-6 inline-block text-sm font-medium text-brand-600 hover:underline">
        Go to workflows
      </Link>
    </div>
  );
}
