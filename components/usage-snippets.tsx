"use client";

import { useState } from "react";
import { CodeBlock } from "@/components/code-block";
import { Tabs } from "@/components/ui/tabs";

const TABS = [
  { id: "bearer", label: "Bearer token" },
  { id: "x-api-key", label: "X-API-Key" },
  { id: "query", label: "URL parameter" },
  { id: "sdk", label: "OpenAI SDK" },
] as const;
type TabId = (typeof TABS)[number]["id"];

const body = (model: string) => `'{"model": "${model}", "messages": [{"role": "user", "content": "Hi"}]}'`;

/**
 * The seed's client snippets, filled in with this server's real address. `gpt-4` answers only when
 * a provider serves it: pass a model the providers name when there is one.
 */
export function snippets(baseUrl: string, apiKey = "sk-xxxxxx", model = "gpt-4"): Record<TabId, string> {
  const endpoint = `${baseUrl}/v1/chat/completions`;
  const BODY = body(model);
  return {
    bearer: `curl ${endpoint} \\\n  -H "Authorization: Bearer ${apiKey}" \\\n  -H "Content-Type: application/json" \\\n  -d ${BODY}`,
    "x-api-key": `curl ${endpoint} \\\n  -H "X-API-Key: ${apiKey}" \\\n  -H "Content-Type: application/json" \\\n  -d ${BODY}`,
    query: `curl "${endpoint}?api_key=${apiKey}" \\\n  -H "Content-Type: application/json" \\\n  -d ${BODY}`,
    sdk: `from openai import OpenAI\n\nclient = OpenAI(\n    api_key="${apiKey}",\n    base_url="${baseUrl}/v1"\n)\nreply = client.chat.completions.create(model="${model}", messages=[{"role": "user", "content": "Hi"}])`,
  };
}

export function UsageSnippets({ baseUrl, apiKey, model }: { baseUrl: string; apiKey?: string; model?: string }) {
  const [tab, setTab] = useState<TabId>("bearer");
  const code = snippets(baseUrl, apiKey, model)[tab];
  const label = TABS.find((t) => t.id === tab)?.label ?? "snippet";
  return (
    <Tabs label="How to send the API key" tabs={TABS} value={tab} onValueChange={setTab}>
      <CodeBlock code={code} label={`${label} example`} title={tab === "sdk" ? "Python" : "Shell"} />
    </Tabs>
  );
}
