export { type AsyncResource, useAsyncResource } from "./useAsyncResource";
