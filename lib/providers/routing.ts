import "server-only";
import { isCoolingDown } from "@/lib/providers/health";
import { cachedUpstreams, getUpstreams, serves, upstreamModel, type Upstream } from "@/lib/providers/registry";
import type { ProviderKind } from "@/lib/providers/schemas";
import { processSingleton } from "@/lib/singleton";

/** One provider a request may go to, in the order they are tried. */
export interface Route {
  upstream: Upstream;
  /** The provider's own id for the model the client named (after aliases). */
  model: string;
  /** The provider speaks another protocol than the client: the request and answer are translated. */
  translated: boolean;
}

export interface RouteQuery {
  /** The public model name the client asked for. */
  model: string;
  /** The client's protocol; providers of this kind are served natively. */
  protocol: ProviderKind;
  /** Whether providers of the other kind may serve it through translation. */
  translatable: boolean;
}

// Smooth weighted round robin (nginx's): each pick adds every provider's weight to its score, takes
// the highest, and takes the group's total weight off the winner, so 3:1 gives A A B A, never A A A B
// in bursts. One score table per set of providers that serve a model together.
const MAX_GROUPS = 1000;
const scores = processSingleton("routing-scores", () => new Map<string, Map<string, number>>());

function weightedOrder(group: Upstream[]): Upstream[] {
  if (group.length < 2) return group;
  const key = group.map((u) => u.id).join(",");
  let table = scores.get(key);
  if (!table) {
    if (scores.size >= MAX_GROUPS) scores.clear();
    scores.set(key, (table = new Map()));
  }
  const total = group.reduce((sum, u) => sum + u.weight, 0);
  let best = group[0] as Upstream;
  let bestScore = -Infinity;
  for (const u of group) {
    const score = (table.get(u.id) ?? 0) + u.weight;
    table.set(u.id, score);
    if (score > bestScore) {
      best = u;
      bestScore = score;
    }
  }
  table.set(best.id, bestScore - total);
  // The rest follow as fallbacks, heaviest first.
  return [best, ...group.filter((u) => u !== best).sort((a, b) => b.weight - a.weight)];
}

function byPriority(upstreams: Upstream[]): Upstream[] {
  const priorities = [...new Set(upstreams.map((u) => u.priority))].sort((a, b) => a - b);
  return priorities.flatMap((p) => weightedOrder(upstreams.filter((u) => u.priority === p)));
}

/**
 * Orders providers for one request. Providers that name the model (in their list or an alias) come
 * first, by priority groups, weighted within, whichever protocol they speak; then the catch-alls
 * ("all models") of the client's protocol. A catch-all of the other protocol is only used when
 * nothing else serves the model: otherwise every OpenAI model would also go to an Anthropic
 * catch-all. Providers cooling down after failures go last.
 */
export function orderRoutes(upstreams: Upstream[], query: RouteQuery, nowMs = Date.now()): Route[] {
  // One provider (the usual self-hosted setup): nothing to order.
  if (upstreams.length === 1) {
    const [only] = upstreams as [Upstream];
    const usable = (only.kind === query.protocol || query.translatable) && serves(only, query.model);
    return usable ? [{ upstream: only, model: upstreamModel(only, query.model), translated: only.kind !== query.protocol }] : [];
  }
  const usable = upstreams.filter((u) => (u.kind === query.protocol || query.translatable) && serves(u, query.model));
  const named = usable.filter((u) => u.models.has(query.model) || u.aliases.has(query.model));
  const catchAll = usable.filter((u) => !named.includes(u) && u.kind === query.protocol);
  const foreign = named.length + catchAll.length === 0 ? usable.filter((u) => u.kind !== query.protocol) : [];
  const ordered = [...byPriority(named), ...byPriority(catchAll), ...byPriority(foreign)];
  const healthy = ordered.filter((u) => !isCoolingDown(u.id, nowMs));
  const cooling = ordered.filter((u) => isCoolingDown(u.id, nowMs));
  return [...healthy, ...cooling].map((upstream) => ({
    upstream,
    model: upstreamModel(upstream, query.model),
    translated: upstream.kind !== query.protocol,
  }));
}

/** The enabled providers that can serve a request, in the order to try them: at once when the providers are cached. */
export function routesFor(query: RouteQuery): Route[] | Promise<Route[]> {
  const upstreams = cachedUpstreams();
  return upstreams ? orderRoutes(upstreams, query) : getUpstreams().then((all) => orderRoutes(all, query));
}
