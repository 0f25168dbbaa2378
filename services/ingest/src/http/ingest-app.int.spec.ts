import { describeIngestScenarios } from '../testing/ingest-scenarios.ts';
import { openEmbeddedBus } from '../testing/ingest-harness.ts';

describeIngestScenarios('embedded', openEmbeddedBus);
