// Lua run atomically inside Redis: the same checks, in the same order, as the other stores (see
// firstRefusal in memory.ts and keygate_policy_admit in the migrations). rate-limiter-flexible was
// the obvious library, but its limiters count refused requests and are fixed or token-bucket windows
// with bursts; the semantics here (sliding 1 s buckets, refusals not counted, budgets with
// reservations, slots that die with their instance) need scripts of our own.
//
// Keys of one API key share a hash tag, `kg:{<id>}:…`: r (requests per second), t (tokens per
// second), l (leases: id → "instance|slot|settled|period|tokens|cost"), s:<period>:<start> (spend as
// in KeySpend, mirrored with a short TTL). Instances are alive while `kg:inst:<id>` exists.

const COMMON = `
local now = tonumber(ARGV[1])
local sec = math.floor(now / 1000)
local from = sec - 59
local function window(key)
  local flat = redis.call('HGETALL', key)
  local out, sum = {}, 0
  for i = 1, #flat, 2 do
    local s = tonumber(flat[i])
    local n = tonumber(flat[i + 1])
    if s < from then redis.call('HDEL', key, flat[i]) else out[#out + 1] = {s, n}; sum = sum + n end
  end
  return out, sum
end
local alive = {}
local function live(instance)
  if alive[instance] == nil then alive[instance] = redis.call('EXISTS', 'kg:inst:' .. instance) == 1 end
  return alive[instance]
end
local function leases(key, period)
  local flat = redis.call('HGETALL', key)
  local inflight, rtok, rcost = 0, 0, 0
  for i = 1, #flat, 2 do
    local inst, slot, settled, p, tok, cost = string.match(flat[i + 1], '^([^|]*)|([01])|([01])|([^|]*)|(%d+)|(%d+)$')
    if inst == nil or not live(inst) then
      redis.call('HDEL', key, flat[i])
    else
      if slot == '1' and settled == '0' then inflight = inflight + 1 end
      if period ~= '' and p == period then rtok = rtok + tonumber(tok); rcost = rcost + tonumber(cost) end
    end
  end
  return inflight, rtok, rcost
end
`;

/** KEYS: r, t, l, spend. ARGV: now, lease, instance, maxConcurrent, rpm, tpm, period ("" none), tokenLimit, costLimit, tokens, cost. */
export const ADMIT = `${COMMON}
local maxc, rpm, tpm = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local period = ARGV[7]
local tlimit, climit = tonumber(ARGV[8]), tonumber(ARGV[9])
local tokens, cost = tonumber(ARGV[10]), tonumber(ARGV[11])
local spentTokens, spentCost = 0, 0
local spentText = {'0', '0'}
if period ~= '' then
  local spent = redis.call('HMGET', KEYS[4], 'tokens', 'cost')
  if spent[1] == false then return cjson.encode({init = true}) end
  spentText = {spent[1], spent[2] or '0'}
  spentTokens, spentCost = tonumber(spentText[1]), tonumber(spentText[2])
end
local requests, rused = {}, 0
if rpm then requests, rused = window(KEYS[1]) end
local tokenWindow, tused = {}, 0
if tpm then tokenWindow, tused = window(KEYS[2]) end
local inflight, rtok, rcost = leases(KEYS[3], period)
local reason = nil
if maxc and inflight >= maxc then reason = 'concurrency'
elseif rpm and rused + 1 > rpm then reason = 'requests'
elseif tpm and tused >= tpm then reason = 'tokens'
elseif period ~= '' and ((tlimit and spentTokens + rtok + tokens > tlimit) or (climit and spentCost + rcost + cost > climit)) then reason = 'budget'
end
if reason == nil then
  if rpm then
    redis.call('HINCRBY', KEYS[1], sec, 1)
    redis.call('PEXPIRE', KEYS[1], 120000)
  end
  if maxc or period ~= '' then
    local t, c = '0', '0'
    if period ~= '' then t, c = ARGV[10], ARGV[11] end
    redis.call('HSET', KEYS[3], ARGV[2], ARGV[3] .. '|' .. (maxc and '1' or '0') .. '|0|' .. period .. '|' .. t .. '|' .. c)
  end
end
-- Large integers as text: cjson writes numbers with 14 significant digits.
return cjson.encode({ok = reason == nil, reason = reason, requests = requests, tokens = tokenWindow, inFlight = inflight,
  spentTokens = spentText[1], spentCost = spentText[2], reservedTokens = string.format('%.0f', rtok), reservedCost = string.format('%.0f', rcost)})
`;

/** KEYS: t, l. ARGV: now, lease ("" none), windowTokens, tokens, cost. */
export const SETTLE = `
local sec = math.floor(tonumber(ARGV[1]) / 1000)
if tonumber(ARGV[3]) > 0 then
  redis.call('HINCRBY', KEYS[1], sec, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], 120000)
end
if ARGV[2] ~= '' then
  local entry = redis.call('HGET', KEYS[2], ARGV[2])
  if entry then
    local inst, slot, settled, p = string.match(entry, '^([^|]*)|([01])|([01])|([^|]*)|')
    if p == '' then redis.call('HDEL', KEYS[2], ARGV[2])
    else redis.call('HSET', KEYS[2], ARGV[2], inst .. '|' .. slot .. '|1|' .. p .. '|' .. ARGV[4] .. '|' .. ARGV[5]) end
  end
end
return 1
`;

/**
 * After the usage batch holding them is committed to KeySpend: settled leases move into the spend
 * mirror and are deleted. Without a mirror the spend is only in KeySpend; the period's generation
 * (`g:<period>`) is bumped so a fill that read KeySpend before this batch committed starts over.
 * KEYS: l. ARGV: key prefix ("kg:{id}:"), lease ids…
 */
export const FORGET = `
for i = 2, #ARGV do
  local entry = redis.call('HGET', KEYS[1], ARGV[i])
  if entry then
    local inst, slot, settled, p, tok, cost = string.match(entry, '^([^|]*)|([01])|([01])|([^|]*)|(%d+)|(%d+)$')
    if settled == '1' and p ~= '' then
      local mirror = ARGV[1] .. 's:' .. p
      if redis.call('EXISTS', mirror) == 1 then
        redis.call('HINCRBY', mirror, 'tokens', tok)
        redis.call('HINCRBY', mirror, 'cost', cost)
      else
        redis.call('INCR', ARGV[1] .. 'g:' .. p)
        redis.call('PEXPIRE', ARGV[1] .. 'g:' .. p, 600000)
      end
    end
    redis.call('HDEL', KEYS[1], ARGV[i])
  end
end
return 1
`;

/**
 * Fills the spend mirror from KeySpend, unless a batch was forgotten since the generation was read
 * (then the figures may miss it: returns 0 and the caller reads again). KEYS: spend, generation.
 * ARGV: generation read before KeySpend, tokens, cost, ttl ms.
 */
export const FILL = `
if (redis.call('GET', KEYS[2]) or '0') ~= ARGV[1] then return 0 end
redis.call('HSETNX', KEYS[1], 'tokens', ARGV[2])
redis.call('HSETNX', KEYS[1], 'cost', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
`;

/** KEYS: r, t, l, spend (or a dummy). ARGV: now, period ("" none). */
export const INSPECT = `${COMMON}
local period = ARGV[2]
local requests = window(KEYS[1])
local tokenWindow = window(KEYS[2])
local inflight, rtok, rcost = leases(KEYS[3], period)
local spent = {false, false}
if period ~= '' then spent = redis.call('HMGET', KEYS[4], 'tokens', 'cost') end
return cjson.encode({requests = requests, tokens = tokenWindow, inFlight = inflight, spentTokens = spent[1] or '-1',
  spentCost = spent[2] or '-1', reservedTokens = string.format('%.0f', rtok), reservedCost = string.format('%.0f', rcost)})
`;
