import { SandboxSignIn, useAuthAccount } from "@relais/web-shared";
import { HomePage } from "../home/HomePage";
import { AppShell } from "../layout/AppShell";
import type { SandboxConsoleSession } from "../session/sandboxSession";

/** The console when the built-in sandbox tenant signs people in. */
export function SandboxConsole(props: { session: SandboxConsoleSession }) {
  const { auth, loadAgents, loadMe } = props.session;
  const account = useAuthAccount(auth);

  if (!account) {
    return (
      <AppShell>
        <SandboxSignIn
          loadAgents={loadAgents}
          onSignIn={async (agent) => {
            await auth.signIn(agent);
          }}
        />
      </AppShell>
    );
  }
  return (
    <AppShell accountName={account.displayName} onSignOut={() => void auth.signOut()}>
      <HomePage key={account.id} loadMe={loadMe} sandbox />
    </AppShell>
  );
}
