import { ChevronDownIcon } from "@/components/icons";
import { MenuButton } from "@/components/menu-button";
import { useUser } from "@/lib/auth/get-me";
import { useLogout } from "@/lib/auth/logout";

/** Who is signed in, with sign-out. */
export function UserMenu() {
  const { data: user } = useUser();
  const logout = useLogout();
  if (!user) return null;
  return (
    <MenuButton
      label={`${user.username}, ${user.role ?? "no role"}: account menu`}
      className="button button--quiet user-menu"
      items={[
        {
          id: "sign-out",
          label: logout.isPending ? "Signing out…" : "Sign out",
          onSelect: () => logout.mutate(),
        },
      ]}
    >
      <span className="user-menu__name break-anywhere">{user.username}</span>
      <span className="user-menu__role">{user.role ?? "no role"}</span>
      <ChevronDownIcon />
    </MenuButton>
  );
}
