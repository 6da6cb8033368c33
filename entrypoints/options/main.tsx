import '@/components/styles.css';
import { createRoot } from 'react-dom/client';
import { optionsConnector } from '@/components/connector';
import { Options } from '@/components/Options';

createRoot(document.getElementById('root')!).render(<Options connector={optionsConnector()} />);
