export {
  OutboundHttp,
  OUTBOUND_OPTIONS,
  type OutboundOptions,
  type OutboundRequest,
  type OutboundResponse,
} from './outbound-http';
export { OutboundModule } from './outbound.module';
export { OutboundErrorCode, OutboundException } from './outbound.exception';
export { isPublicAddress } from './address-policy';
export { assertPublicTarget, type Resolver } from './public-target';
