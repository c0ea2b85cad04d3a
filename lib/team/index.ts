export { acceptInvite, findInvite, inviteUser, listUsers, reissueInvite, removeUser, updateUserRole } from "@/lib/team/users";
export * from "@/lib/team/schemas";
