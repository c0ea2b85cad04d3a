import { describe, expect, it } from "vitest";
import { hasRole, parseRole, ROLES, roleSchema } from "@/lib/auth/roles";

describe("roles", () => {
  it("rank owner over admin over viewer", () => {
    const table = ROLES.flatMap((role) => ROLES.map((required) => `${role}>=${required}:${hasRole(role, required)}`));
    expect(table).toEqual([
      "owner>=owner:true",
      "owner>=admin:true",
      "owner>=viewer:true",
      "admin>=owner:false",
      "admin>=admin:true",
      "admin>=viewer:true",
      "viewer>=owner:false",
      "viewer>=admin:false",
      "viewer>=viewer:true",
    ]);
  });

  it("reads an unknown stored role as the least", () => {
    expect(parseRole("admin")).toBe("admin");
    expect(parseRole("root")).toBe("viewer");
    expect(parseRole("")).toBe("viewer");
  });

  it("validates with a message that names the roles", () => {
    expect(roleSchema.safeParse("owner").success).toBe(true);
    const bad = roleSchema.safeParse("superuser");
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe("Role must be owner, admin or viewer");
  });
});
