// Types of the matchers `Testing.setupJest()` registers in test/setup.ts.
import 'cdktf/lib/testing/adapters/jest';
