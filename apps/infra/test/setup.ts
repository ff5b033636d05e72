import { Testing } from '../src/lib/cdktf';
import { removePlaceholderBundles } from './helpers';

Testing.setupJest();

afterAll(removePlaceholderBundles);
