import { defineRule, fail, pass } from '../rule.js';

export default defineRule({
  id: 'sagemaker-model-network-isolation',
  title: 'SageMaker models run with network isolation',
  severity: 'medium',
  resourceType: 'aws.sagemaker.model',
  needs: ['enableNetworkIsolation'],
  description: 'The model has `EnableNetworkIsolation = true`: its inference containers can make no outbound network calls.',
  rationale:
    'Inference containers run model code (often third-party) next to request payloads. Network isolation stops that code from sending payloads or credentials anywhere.',
  remediation: 'Terraform: `aws_sagemaker_model` with `enable_network_isolation = true` (SageMaker Python SDK: `Model(enable_network_isolation=True)`).',
  references: {
    fsbp: ['SageMaker.5'],
    prowler: ['sagemaker_models_network_isolation_enabled'],
    docs: ['https://docs.aws.amazon.com/sagemaker/latest/dg/mkt-algo-model-internet-free.html'],
  },
  check(model) {
    return model.data.enableNetworkIsolation
      ? pass('the model runs with network isolation')
      : fail('the model containers can make outbound network calls (network isolation is off)', {
          path: 'data.enableNetworkIsolation',
        });
  },
});
