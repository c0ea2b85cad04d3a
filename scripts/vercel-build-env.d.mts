export declare function vercelBuildProblem(env: Record<string, string | undefined>): string | null;
