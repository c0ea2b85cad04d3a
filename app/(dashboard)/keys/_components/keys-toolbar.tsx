"use client";

import { RefreshIcon, SearchIcon } from "@/components/icons";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import type { ListApiKeysQuery } from "@/lib/api-keys/schemas";

export type StatusFilter = NonNullable<ListApiKeysQuery["status"]>;
const STATUSES: readonly StatusFilter[] = ["all", "enabled", "disabled", "expired", "limited"];
const isStatus = (value: string): value is StatusFilter => (STATUSES as readonly string[]).includes(value);

interface KeysToolbarProps {
  search: string;
  onSearchChange: (value: string) => void;
  status: StatusFilter;
  onStatusChange: (value: StatusFilter) => void;
  onRefresh: () => void;
  refreshing: boolean;
}

export function KeysToolbar({ search, onSearchChange, status, onStatusChange, onRefresh, refreshing }: KeysToolbarProps) {
  return (
    <div className="flex flex-col gap-2 border-b border-zinc-950/5 px-4 py-3 sm:flex-row sm:items-center sm:px-5 dark:border-white/10">
      <div className="relative flex-1 sm:max-w-xs">
        <SearchIcon className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-zinc-400" />
        <Input
          type="search"
          value={search}
          onChange={(event) => onSearchChange(event.target.value)}
          placeholder="Search by name"
          aria-label="Search keys by name"
          maxLength={100}
          className="pl-9"
        />
      </div>
      <div className="flex items-center gap-2">
        <Select
          aria-label="Filter by status"
          value={status}
          onChange={(event) => isStatus(event.target.value) && onStatusChange(event.target.value)}
          className="w-auto min-w-36"
        >
          <option value="all">All statuses</option>
          <option value="enabled">Enabled</option>
          <option value="disabled">Disabled</option>
          <option value="expired">Expired</option>
          <option value="limited">Limited</option>
        </Select>
        <Button
          variant="secondary"
          size="icon"
          className="size-9"
          aria-label="Refresh usage"
          title="Refresh usage"
          onClick={onRefresh}
          icon={<RefreshIcon className={refreshing ? "animate-spin" : undefined} />}
        />
      </div>
    </div>
  );
}
