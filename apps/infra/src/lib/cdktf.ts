// The one place the app imports the CDK for Terraform core library from. cdktf is archived; CDK Terrain
// (`cdktn`) is its drop-in continuation: switching is a change of this module (and of package.json).
// Provider bindings (@cdktf/provider-aws) are imported per resource type (`@cdktf/provider-aws/lib/<type>`):
// loading the package root costs ~4 s, a resource type ~0.1 s.

export type { IResolveContext } from 'cdktf';
export {
  App,
  AssetType,
  Fn,
  Lazy,
  LocalBackend,
  S3Backend,
  TerraformAsset,
  TerraformOutput,
  TerraformStack,
  TerraformVariable,
  Testing,
  Token,
} from 'cdktf';
export { Construct } from 'constructs';
