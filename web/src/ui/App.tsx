import { useEffect, useState } from 'preact/hooks';
import { Auth } from './Auth';
import { ChatList } from './ChatList';
import { Conversation, NoRoom } from './Conversation';
import { Directory } from './Directory';
import { Join } from './Join';
import { NewChat } from './NewChat';
import { markEngaged, startNotifications } from './notify';
import { RoomInfo } from './RoomInfo';
import { parse, path } from './router';
import { Search } from './Search';
import { Settings } from './Settings';
import { client, signedIn, toast, useOn } from './state';

export function App() {
  useOn('signedIn', 'status');
  const [, force] = useState(0);
  const route = parse(path.value);
  useEffect(() => path.subscribe(() => force((n) => n + 1)), []);
  const c = client.value!;

  // in-app notifications and push while signed in; opening a chat is the moment to offer them
  const on = signedIn.value;
  useEffect(() => (on ? startNotifications(c) : undefined), [on]);
  useEffect(() => { if (on && route.name === 'room') markEngaged(); }, [on, route.name]);

  if (!signedIn.value) {
    return (
      <>
        <Title />
        {route.name === 'join' ? <Join code={route.code!} /> : <Auth />}
        <Toast />
      </>
    );
  }

  let main;
  switch (route.name) {
    case 'room':
      main = <Conversation key={route.roomId} roomId={route.roomId!} />;
      break;
    case 'info':
      main = <RoomInfo key={route.roomId} roomId={route.roomId!} />;
      break;
    case 'search':
      main = <Search key={route.roomId ?? 'all'} roomId={route.roomId} />;
      break;
    case 'new':
      main = <NewChat />;
      break;
    case 'directory':
      main = <Directory />;
      break;
    case 'settings':
      main = <Settings />;
      break;
    case 'join':
      main = <Join code={route.code!} />;
      break;
    default:
      main = <NoRoom />;
  }
  const activeId = route.roomId;
  return (
    <div class={`shell${route.name === 'home' ? ' at-list' : ' at-main'}`}>
      <Title />
      <a class="skip" href="#main">Skip to conversation</a>
      <ChatList activeId={activeId} />
      <main id="main" class="main-pane">{main}</main>
      <Toast />
    </div>
  );
}

/**
 * The total unread in the tab title. Its own component so that a chat-list change (every live batch)
 * renders this and not the whole shell.
 */
function Title() {
  useOn('rooms', 'signedIn');
  const c = client.value!;
  const total = signedIn.value ? c.totalUnread() : 0;
  useEffect(() => {
    document.title = total > 0 ? `(${total}) Confab` : 'Confab';
  }, [total]);
  return null;
}

function Toast() {
  useOn('toast');
  return (
    <div class="toast-region" role="status" aria-live="polite">
      {toast.value && <div class="toast">{toast.value}</div>}
    </div>
  );
}
