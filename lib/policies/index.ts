export { admit, checkAccess, rateLimitHeaders, type Admission, type Lease, type Refusal } from "@/lib/policies/admit";
export { compilePolicy, hasBudget, usesStore, type KeyPolicy, type PolicyRow } from "@/lib/policies/policy";
export { keyLimitsSchema, type KeyLimits } from "@/lib/policies/schemas";
export { getKeyLimits, keyLimitsResponse } from "@/lib/policies/status";
export { getCounterStore, stopPolicies } from "@/lib/policies/runtime";
