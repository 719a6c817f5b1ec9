/**
 * The portal's permission policy, as a module of the permission backend.
 *
 * @packageDocumentation
 */
export { permissionModulePortalPolicy as default } from './module';
export {
  PortalPermissionPolicy,
  portalPolicyRules,
  type PortalPolicyRule,
  type PortalPolicyUser,
} from './PortalPermissionPolicy';
