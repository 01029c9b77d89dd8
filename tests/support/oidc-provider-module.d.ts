// oidc-provider ships no types; the tests use the few parts they need untyped.
declare module "oidc-provider";
