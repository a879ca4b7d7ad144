// Whether the viewer administers an account: a user administers only their own; an organisation
// says so itself (viewerCanAdminister: the organisation's owners).

export const ACCOUNT_ADMIN_QUERY = /* GraphQL */ `
  query AccountAdmin($login: String!) {
    viewer { login }
    repositoryOwner(login: $login) {
      __typename
      login
      ... on Organization { viewerCanAdminister }
    }
  }
`;

export type AccountAdminOperation = {
  data: {
    viewer: { login: string };
    repositoryOwner:
      | { __typename: "Organization"; login: string; viewerCanAdminister: boolean }
      | { __typename: "User"; login: string }
      | null;
  };
  variables: { login: string };
};

/** An account as the admin rule reads it; null when GitHub has none by that name. */
export type AccountAdmin = {
  login: string;
  kind: "organization" | "user";
  viewerLogin: string;
  /** Organisations: viewerCanAdminister. Users: whether the viewer is the user. */
  viewerIsAdmin: boolean;
} | null;

/** The answer reshaped. */
export function toAccountAdmin(data: AccountAdminOperation["data"]): AccountAdmin {
  const owner = data.repositoryOwner;
  if (!owner) return null;
  const viewerLogin = data.viewer.login;
  if (owner.__typename === "Organization") {
    return {
      login: owner.login,
      kind: "organization",
      viewerLogin,
      viewerIsAdmin: owner.viewerCanAdminister,
    };
  }
  return {
    login: owner.login,
    kind: "user",
    viewerLogin,
    viewerIsAdmin: owner.login.toLowerCase() === viewerLogin.toLowerCase(),
  };
}
