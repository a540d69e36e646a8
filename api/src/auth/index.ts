export {
  createTokenValidator,
  type Principal,
  type RemoteJwksOptions,
  remoteJwks,
  type TokenValidator,
} from "./token-validator";
