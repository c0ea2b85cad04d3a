// Runs the mock upstream on its own: `npx tsx scripts/mock-upstream.ts [port]`.
import { startMockUpstream } from "../e2e/support/mock-upstream";

const port = Number(process.argv[2] ?? 9100);
void startMockUpstream({ port, apiKey: process.env.MOCK_UPSTREAM_KEY }).then((upstream) => console.log(`mock upstream on ${upstream.url}`));
