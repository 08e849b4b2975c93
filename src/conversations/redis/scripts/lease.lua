--[[
  Take, renew or give back the right to run one conversation's turns.

  Input:
    KEYS[1] lease key (…conv:{id}:lease)

    ARGV[1] holder (instance id)
    ARGV[2] ttl in ms to take or renew; '0' to give the lease back

  Output:
    1 the holder has the lease (taken, renewed) or gave it back; 0 another holder has it
]]
local holder = redis.call('GET', KEYS[1])
if ARGV[2] == '0' then
  if holder == ARGV[1] then redis.call('DEL', KEYS[1]) end
  return 1
end
if holder and holder ~= ARGV[1] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', tonumber(ARGV[2]))
return 1
