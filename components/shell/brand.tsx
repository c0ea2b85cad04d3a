import Link from "next/link";

export function BrandMark({ className = "size-8" }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" className={className}>
      <rect width="32" height="32" rx="8" className="fill-indigo-600 dark:fill-indigo-500" />
      <circle cx="12.5" cy="16" r="5" fill="none" stroke="#fff" strokeWidth="2.5" />
      <path d="M17.5 16h8m-3 0v3.5m-3-3.5v2.5" fill="none" stroke="#fff" strokeWidth="2.5" strokeLinecap="round" />
    </svg>
  );
}

export function Brand({ href = "/keys" }: { href?: string }) {
  return (
    <Link href={href} className="flex items-center gap-2.5 rounded-md font-semibold tracking-tight text-zinc-900 dark:text-zinc-100">
      <BrandMark />
      <span className="text-[15px]">Keygate</span>
    </Link>
  );
}
