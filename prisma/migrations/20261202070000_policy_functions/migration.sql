-- The PostgreSQL counter store's admission and settlement (lib/policies/store/postgres.ts): one
-- round trip each. The per-key advisory lock makes check-then-take atomic across every instance
-- sharing the database; each statement inside sees what the previous holder of the lock committed.

CREATE OR REPLACE FUNCTION keygate_policy_admit(
  p_key text, p_lease text, p_instance text, p_now_ms bigint,
  p_max_concurrent bigint, p_rpm bigint, p_tpm bigint,
  p_period text, p_period_start_ms bigint, p_token_limit bigint, p_cost_limit bigint, p_tokens bigint, p_cost bigint
) RETURNS jsonb LANGUAGE plpgsql AS $fn$
DECLARE
  v_second bigint := floor(p_now_ms / 1000.0)::bigint;
  v_from bigint := floor(p_now_ms / 1000.0)::bigint - 59;
  v_live timestamp := (now() AT TIME ZONE 'UTC') - interval '30 seconds';
  v_period_start timestamp := CASE WHEN p_period IS NULL THEN NULL ELSE to_timestamp(p_period_start_ms / 1000.0) AT TIME ZONE 'UTC' END;
  v_requests jsonb := '[]'::jsonb;
  v_tokens jsonb := '[]'::jsonb;
  v_in_flight bigint := 0;
  v_spent_tokens bigint;
  v_spent_cost bigint;
  v_res_tokens bigint := 0;
  v_res_cost bigint := 0;
  v_reason text := NULL;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('keygate.policy:' || p_key, 0));

  IF p_max_concurrent IS NOT NULL THEN
    SELECT count(*) INTO v_in_flight FROM "PolicyLease" l JOIN "PolicyInstance" i ON i."id" = l."instanceId"
    WHERE l."apiKeyId" = p_key AND l."slot" AND NOT l."settled" AND i."seenAt" > v_live;
  END IF;
  IF p_rpm IS NOT NULL THEN
    SELECT COALESCE(jsonb_agg(jsonb_build_array(w."second", w."amount")), '[]'::jsonb) INTO v_requests
    FROM "PolicyWindow" w WHERE w."apiKeyId" = p_key AND w."metric" = 'r' AND w."second" >= v_from;
  END IF;
  IF p_tpm IS NOT NULL THEN
    SELECT COALESCE(jsonb_agg(jsonb_build_array(w."second", w."amount")), '[]'::jsonb) INTO v_tokens
    FROM "PolicyWindow" w WHERE w."apiKeyId" = p_key AND w."metric" = 't' AND w."second" >= v_from;
  END IF;
  IF p_period IS NOT NULL THEN
    SELECT s."tokens", s."costNanoUsd" INTO v_spent_tokens, v_spent_cost FROM "KeySpend" s
    WHERE s."apiKeyId" = p_key AND s."period" = p_period AND s."periodStart" = v_period_start;
    SELECT COALESCE(sum(l."tokens"), 0), COALESCE(sum(l."costNanoUsd"), 0) INTO v_res_tokens, v_res_cost
    FROM "PolicyLease" l JOIN "PolicyInstance" i ON i."id" = l."instanceId"
    WHERE l."apiKeyId" = p_key AND l."period" = p_period AND l."periodStart" = v_period_start AND i."seenAt" > v_live;
  END IF;
  v_spent_tokens := COALESCE(v_spent_tokens, 0);
  v_spent_cost := COALESCE(v_spent_cost, 0);

  IF p_max_concurrent IS NOT NULL AND v_in_flight >= p_max_concurrent THEN
    v_reason := 'concurrency';
  ELSIF p_rpm IS NOT NULL AND (SELECT COALESCE(sum((e->>1)::bigint), 0) FROM jsonb_array_elements(v_requests) e) + 1 > p_rpm THEN
    v_reason := 'requests';
  ELSIF p_tpm IS NOT NULL AND (SELECT COALESCE(sum((e->>1)::bigint), 0) FROM jsonb_array_elements(v_tokens) e) >= p_tpm THEN
    v_reason := 'tokens';
  ELSIF p_period IS NOT NULL AND (
    (p_token_limit IS NOT NULL AND v_spent_tokens + v_res_tokens + p_tokens > p_token_limit) OR
    (p_cost_limit IS NOT NULL AND v_spent_cost + v_res_cost + p_cost > p_cost_limit)) THEN
    v_reason := 'budget';
  END IF;

  IF v_reason IS NULL THEN
    IF p_rpm IS NOT NULL THEN
      INSERT INTO "PolicyWindow" ("apiKeyId", "metric", "second", "amount") VALUES (p_key, 'r', v_second, 1)
      ON CONFLICT ("apiKeyId", "metric", "second") DO UPDATE SET "amount" = "PolicyWindow"."amount" + 1;
      DELETE FROM "PolicyWindow" WHERE "apiKeyId" = p_key AND "second" < v_from;
    END IF;
    IF p_max_concurrent IS NOT NULL OR p_period IS NOT NULL THEN
      INSERT INTO "PolicyLease" ("id", "apiKeyId", "instanceId", "slot", "settled", "period", "periodStart", "tokens", "costNanoUsd", "createdAt")
      VALUES (p_lease, p_key, p_instance, p_max_concurrent IS NOT NULL, false, p_period, v_period_start,
        CASE WHEN p_period IS NULL THEN 0 ELSE p_tokens END, CASE WHEN p_period IS NULL THEN 0 ELSE p_cost END, now() AT TIME ZONE 'UTC');
    END IF;
  END IF;

  RETURN jsonb_build_object('ok', v_reason IS NULL, 'reason', v_reason, 'requests', v_requests, 'tokens', v_tokens,
    'inFlight', v_in_flight, 'spentTokens', v_spent_tokens, 'spentCost', v_spent_cost,
    'reservedTokens', v_res_tokens, 'reservedCost', v_res_cost);
END
$fn$;

-- The request is over with its usage known: tokens into the token window, the reservation becomes
-- the real spend (still counted until the usage batch moves it into KeySpend and deletes the row).
CREATE OR REPLACE FUNCTION keygate_policy_settle(
  p_key text, p_lease text, p_now_ms bigint, p_window_tokens bigint, p_tokens bigint, p_cost bigint
) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  IF p_window_tokens > 0 THEN
    INSERT INTO "PolicyWindow" ("apiKeyId", "metric", "second", "amount") VALUES (p_key, 't', floor(p_now_ms / 1000.0)::bigint, p_window_tokens)
    ON CONFLICT ("apiKeyId", "metric", "second") DO UPDATE SET "amount" = "PolicyWindow"."amount" + EXCLUDED."amount";
  END IF;
  IF p_lease IS NOT NULL THEN
    DELETE FROM "PolicyLease" WHERE "id" = p_lease AND "period" IS NULL;
    UPDATE "PolicyLease" SET "settled" = true, "tokens" = p_tokens, "costNanoUsd" = p_cost WHERE "id" = p_lease;
  END IF;
END
$fn$;
