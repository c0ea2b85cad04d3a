import type { ReactNode, SVGProps } from "react";

type IconProps = SVGProps<SVGSVGElement>;

function icon(paths: ReactNode, displayName: string) {
  function Icon({ className = "size-4", ...props }: IconProps) {
    return (
      <svg
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth={2}
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
        focusable="false"
        className={className}
        {...props}
      >
        {paths}
      </svg>
    );
  }
  Icon.displayName = displayName;
  return Icon;
}

export const KeyIcon = icon(<><circle cx="7.5" cy="15.5" r="4.5" /><path d="m10.7 12.3 9.8-9.8M17 6l3 3M14.5 8.5l2 2" /></>, "KeyIcon");
export const ChartIcon = icon(<><path d="M3 3v18h18" /><path d="M7 15l4-4 3 3 5-6" /></>, "ChartIcon");
export const ServerIcon = icon(<><rect x="3" y="4" width="18" height="7" rx="2" /><rect x="3" y="13" width="18" height="7" rx="2" /><path d="M7 7.5h.01M7 16.5h.01" /></>, "ServerIcon");
export const SettingsIcon = icon(<><path d="M4 6h10M18 6h2M4 12h4M12 12h8M4 18h12M20 18h0" /><circle cx="16" cy="6" r="2" /><circle cx="10" cy="12" r="2" /><circle cx="18" cy="18" r="2" /></>, "SettingsIcon");
export const CopyIcon = icon(<><rect x="9" y="9" width="12" height="12" rx="2" /><path d="M5 15H4a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1h10a1 1 0 0 1 1 1v1" /></>, "CopyIcon");
export const CheckIcon = icon(<path d="M20 6 9 17l-5-5" />, "CheckIcon");
export const EyeIcon = icon(<><path d="M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12Z" /><circle cx="12" cy="12" r="3" /></>, "EyeIcon");
export const EyeOffIcon = icon(<><path d="M10.7 5.1A10 10 0 0 1 12 5c6.5 0 10 7 10 7a17 17 0 0 1-2.2 3.2M6.6 6.6A17 17 0 0 0 2 12s3.5 7 10 7a9.7 9.7 0 0 0 5.4-1.6" /><path d="M9.9 9.9a3 3 0 0 0 4.2 4.2M2 2l20 20" /></>, "EyeOffIcon");
export const PlusIcon = icon(<path d="M12 5v14M5 12h14" />, "PlusIcon");
export const SearchIcon = icon(<><circle cx="11" cy="11" r="7" /><path d="m20 20-3.5-3.5" /></>, "SearchIcon");
export const TrashIcon = icon(<><path d="M3 6h18M8 6V4h8v2M6 6l1 14h10l1-14" /><path d="M10 11v5M14 11v5" /></>, "TrashIcon");
export const PencilIcon = icon(<><path d="M16.5 3.5a2.1 2.1 0 0 1 3 3L8 18l-4 1 1-4Z" /></>, "PencilIcon");
export const MenuIcon = icon(<path d="M4 6h16M4 12h16M4 18h16" />, "MenuIcon");
export const CloseIcon = icon(<path d="M18 6 6 18M6 6l12 12" />, "CloseIcon");
export const LogOutIcon = icon(<><path d="M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4" /><path d="m16 17 5-5-5-5M21 12H9" /></>, "LogOutIcon");
export const AlertIcon = icon(<><path d="M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0Z" /><path d="M12 9v4M12 17h.01" /></>, "AlertIcon");
export const InfoIcon = icon(<><circle cx="12" cy="12" r="10" /><path d="M12 16v-4M12 8h.01" /></>, "InfoIcon");
export const ShieldIcon = icon(<><path d="M12 22s8-4 8-10V5l-8-3-8 3v7c0 6 8 10 8 10Z" /><path d="m9 12 2 2 4-4" /></>, "ShieldIcon");
export const ShieldOffIcon = icon(<><path d="M12 22s8-4 8-10V5l-8-3-8 3v7c0 6 8 10 8 10Z" /><path d="M9.5 9.5l5 5M14.5 9.5l-5 5" /></>, "ShieldOffIcon");
export const RefreshIcon = icon(<><path d="M21 12a9 9 0 0 1-15.5 6.2L3 16" /><path d="M3 12a9 9 0 0 1 15.5-6.2L21 8" /><path d="M21 3v5h-5M3 21v-5h5" /></>, "RefreshIcon");
export const ChevronLeftIcon = icon(<path d="m15 18-6-6 6-6" />, "ChevronLeftIcon");
export const ChevronRightIcon = icon(<path d="m9 18 6-6-6-6" />, "ChevronRightIcon");
export const PlugIcon = icon(<><path d="M9 2v6M15 2v6M6 8h12v4a6 6 0 0 1-12 0Z" /><path d="M12 18v4" /></>, "PlugIcon");
export const ClockIcon = icon(<><circle cx="12" cy="12" r="10" /><path d="M12 6v6l4 2" /></>, "ClockIcon");
export const RotateIcon = icon(<><path d="M3 12a9 9 0 1 0 3-6.7L3 8" /><path d="M3 3v5h5" /></>, "RotateIcon");
export const XCircleIcon = icon(<><circle cx="12" cy="12" r="10" /><path d="m15 9-6 6M9 9l6 6" /></>, "XCircleIcon");
export const CheckCircleIcon = icon(<><circle cx="12" cy="12" r="10" /><path d="m8 12 3 3 5-6" /></>, "CheckCircleIcon");
export const TerminalIcon = icon(<><path d="m4 17 6-5-6-5M12 19h8" /></>, "TerminalIcon");
export const CalendarIcon = icon(<><rect x="3" y="5" width="18" height="16" rx="2" /><path d="M16 3v4M8 3v4M3 10h18" /></>, "CalendarIcon");
export const DownloadIcon = icon(<><path d="M12 4v11M7 10l5 5 5-5" /><path d="M5 20h14" /></>, "DownloadIcon");
export const FilterIcon = icon(<path d="M4 5h16l-6 7.5V19l-4 1v-7.5Z" />, "FilterIcon");
export const ArrowLeftIcon = icon(<path d="M19 12H5M11 18l-6-6 6-6" />, "ArrowLeftIcon");
export const ListIcon = icon(<path d="M8 6h13M8 12h13M8 18h13M3.5 6h.01M3.5 12h.01M3.5 18h.01" />, "ListIcon");
export const ActivityIcon = icon(<path d="M22 12h-4l-3 9L9 3l-3 9H2" />, "ActivityIcon");
export const CoinsIcon = icon(<><ellipse cx="9" cy="7" rx="6" ry="3" /><path d="M3 7v5c0 1.7 2.7 3 6 3s6-1.3 6-3V7" /><path d="M9 18c0 1.7 2.7 3 6 3s6-1.3 6-3v-5c0-1.5-2-2.7-4.8-3" /></>, "CoinsIcon");
export const GaugeIcon = icon(<><path d="M12 14l4-4" /><path d="M3.3 19a10 10 0 1 1 17.4 0" /></>, "GaugeIcon");
export const UsersIcon = icon(<><circle cx="9" cy="8" r="4" /><path d="M2 21a7 7 0 0 1 14 0" /><path d="M16 4a4 4 0 0 1 0 8M22 21a7 7 0 0 0-4-6.3" /></>, "UsersIcon");
