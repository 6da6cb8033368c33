import '@/components/styles.css';
import '@/components/popup.css';
import { createRoot } from 'react-dom/client';
import { popupConnector } from '@/components/connector';
import { Popup } from '@/components/Popup';

createRoot(document.getElementById('root')!).render(<Popup connector={popupConnector()} />);
