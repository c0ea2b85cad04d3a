"use client";

import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { AccountMenu } from "@/components/shell/account-menu";

export function AccountCard({ email }: { email: string }) {
  return (
    <Card>
      <CardHeader title="Account" description="Sessions last 7 days. Signing out ends this browser's session." />
      <CardBody className="max-w-md">
        <AccountMenu email={email} />
      </CardBody>
    </Card>
  );
}
